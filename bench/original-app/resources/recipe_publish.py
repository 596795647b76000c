# Not in the blog post (only app.py imports it): reconstructed from the original's documented
# behaviour in the style of resources/user.py.
# PUT    /recipes/<id>/publish  is_publish = 1, no authentication
# DELETE /recipes/<id>/publish  is_publish = 0, no authentication
from flask_restful import Resource
from mysql_connection import get_connection
import mysql.connector

class RecipePublishResource(Resource) :
    # 레시피를 공개한다.
    def put(self, recipe_id) :
        try :
            connection = get_connection()

            query = '''update recipe
                        set is_publish = 1
                        where id = %s;'''
            record = (recipe_id, )

            cursor = connection.cursor()
            cursor.execute(query, record)
            connection.commit()

            cursor.close()
            connection.close()

        except mysql.connector.Error as e :
            print(e)
            cursor.close()
            connection.close()
            return {"error" : str(e)}, 503

        return {"result" : "success"}, 200

    # 레시피를 임시저장(비공개)으로 되돌린다.
    def delete(self, recipe_id) :
        try :
            connection = get_connection()

            query = '''update recipe
                        set is_publish = 0
                        where id = %s;'''
            record = (recipe_id, )

            cursor = connection.cursor()
            cursor.execute(query, record)
            connection.commit()

            cursor.close()
            connection.close()

        except mysql.connector.Error as e :
            print(e)
            cursor.close()
            connection.close()
            return {"error" : str(e)}, 503

        return {"result" : "success"}, 200
